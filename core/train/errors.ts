// TrainingSetupError: the graph or data cannot be trained as they are (no loss, row counts differ, …).
// The message says what is wrong and what to do; hosts show it as is.

export class TrainingSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingSetupError';
  }
}
