// The questions asked when another program changed an open document's file (DESIGN.md §5: files are never
// lost): before Save would overwrite that change, and when the window comes back to the front. Pure — the
// message-box options and what each button means — so the wording and the safe defaults are tested without
// Electron; file-actions.ts shows them with dialog.showMessageBox, like the unsaved-changes prompt on close.
//
// Every answer keeps the window's document: only an explicit "Reload", worded as discarding, replaces it.

/** The parts of Electron's MessageBoxOptions used here. */
export interface Question {
  type: 'warning' | 'question';
  buttons: string[];
  /** The button Enter presses. */
  defaultId: number;
  /** The button Escape (or closing the box) means: always the one that changes nothing. */
  cancelId: number;
  message: string;
  detail: string;
}

/** What the user wants done about a save over a changed file. */
export type SaveConflictAnswer = 'overwrite' | 'save-as' | 'cancel';

const SAVE_CONFLICT_ANSWERS: readonly SaveConflictAnswer[] = ['overwrite', 'save-as', 'cancel'];

/** Save found the file changed since this window opened or saved it. */
export function saveConflictQuestion(fileName: string): Question {
  return {
    type: 'warning',
    buttons: ['Overwrite', 'Save As…', 'Cancel'],
    // Enter keeps both versions; nothing is replaced without choosing Overwrite.
    defaultId: 1,
    cancelId: 2,
    message: `${fileName} was changed by another program since you opened or saved it.`,
    detail: 'Overwrite replaces those changes with this window\'s version. Save As keeps both: the file as the other program left it, and yours under a new name. Cancel saves nothing; your document stays open either way.',
  };
}

export function saveConflictAnswer(response: number): SaveConflictAnswer {
  return SAVE_CONFLICT_ANSWERS[response] ?? 'cancel';
}

/** What the user wants done about a file that changed while the window was in the background. */
export type ChangedOnDiskAnswer = 'keep' | 'reload' | 'save-as';

/**
 * The window came to the front and its file changed. `dirty`: the window has unsaved changes, which Reload
 * would discard — so then the default is to keep them, and Save As is offered to keep both versions.
 */
export function changedOnDiskQuestion(fileName: string, dirty: boolean): { question: Question; answers: readonly ChangedOnDiskAnswer[] } {
  if (dirty) {
    return {
      question: {
        type: 'warning',
        buttons: ['Keep My Changes', 'Save My Changes As…', 'Reload and Discard My Changes'],
        defaultId: 0,
        cancelId: 0,
        message: `${fileName} was changed by another program, and this window has unsaved changes.`,
        detail: 'Keep My Changes leaves this window as it is; saving will then replace the file with your version. Save My Changes As keeps both versions. Reload shows the file as it is now and discards your unsaved changes.',
      },
      answers: ['keep', 'save-as', 'reload'],
    };
  }
  return {
    question: {
      type: 'question',
      buttons: ['Reload', 'Keep This Version'],
      defaultId: 0,
      cancelId: 1,
      message: `${fileName} was changed by another program.`,
      detail: 'Reload shows the file as it is now (parameters trained here since the last save are replaced by the file\'s). Keep This Version leaves this window as it is; saving will then replace the file.',
    },
    answers: ['reload', 'keep'],
  };
}

/** The answer a button index means, given the question's `answers`; anything unexpected keeps the document. */
export function changedOnDiskAnswer(answers: readonly ChangedOnDiskAnswer[], response: number): ChangedOnDiskAnswer {
  return answers[response] ?? 'keep';
}
