/** A step ran without error, yet the catalog does not show its effect: the plan and the world disagree. */
export class PostconditionNotMet extends Error {
  constructor(
    readonly stepId: string,
    sql: string,
  ) {
    super(`the statement ran, but the step's postcondition does not hold: ${sql}`);
    this.name = 'PostconditionNotMet';
  }
}
