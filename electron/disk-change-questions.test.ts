// The questions about a file another program changed: every button means what it says, and Escape, closing
// the box or an answer nobody expected keeps the window's document and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedOnDiskAnswer, changedOnDiskQuestion, saveConflictAnswer, saveConflictQuestion } from './disk-change-questions.ts';

test('Save over a changed file: Overwrite, Save As… or Cancel; Enter keeps both versions, Escape saves nothing', () => {
  const question = saveConflictQuestion('model.gradflow');
  assert.match(question.message, /^model\.gradflow was changed by another program/);
  assert.deepEqual(question.buttons.map((_, i) => saveConflictAnswer(i)), ['overwrite', 'save-as', 'cancel']);
  assert.equal(saveConflictAnswer(question.defaultId), 'save-as');
  assert.equal(saveConflictAnswer(question.cancelId), 'cancel');
  for (const odd of [-1, 3, 99, Number.NaN]) assert.equal(saveConflictAnswer(odd), 'cancel', String(odd));
  assert.match(question.detail, /your document stays open either way/);
});

test('a changed file and a window without unsaved edits: Reload is the default, Escape keeps this version', () => {
  const { question, answers } = changedOnDiskQuestion('model.gradflow', false);
  assert.deepEqual(question.buttons, ['Reload', 'Keep This Version']);
  assert.equal(changedOnDiskAnswer(answers, question.defaultId), 'reload');
  assert.equal(changedOnDiskAnswer(answers, question.cancelId), 'keep');
});

test('a changed file and unsaved edits: keeping them is the default and the Escape; Reload says it discards', () => {
  const { question, answers } = changedOnDiskQuestion('model.gradflow', true);
  assert.equal(question.buttons.length, answers.length);
  assert.equal(changedOnDiskAnswer(answers, question.defaultId), 'keep');
  assert.equal(changedOnDiskAnswer(answers, question.cancelId), 'keep');
  assert.equal(question.buttons[answers.indexOf('reload')], 'Reload and Discard My Changes');
  assert.equal(changedOnDiskAnswer(answers, answers.indexOf('save-as')), 'save-as');
  for (const odd of [-1, 3, 99]) assert.equal(changedOnDiskAnswer(answers, odd), 'keep', String(odd));
});
