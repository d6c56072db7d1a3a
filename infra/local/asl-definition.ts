/**
 * Reading an ASL definition for the local engine: its Task states, where a
 * task puts its token, its timeout, and the one adjustment the engine needs.
 */

/** A state of a definition, as parsed JSON. */
export type AslState = Record<string, unknown> & { Type: string };

/** Every Task state of a definition, nested ones included. */
export function taskStates(definition: Record<string, unknown>): [string, AslState][] {
  const found: [string, AslState][] = [];
  const visit = (states: Record<string, AslState>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') found.push([name, state]);
      const processor = (state.ItemProcessor ?? state.Iterator) as { States?: never } | undefined;
      if (processor?.States) visit(processor.States);
      for (const branch of (state.Branches as { States: never }[] | undefined) ?? []) {
        visit(branch.States);
      }
    }
  };
  visit(definition.States as Record<string, AslState>);
  return found;
}

/** The Payload field a `.waitForTaskToken` task puts `$$.Task.Token` in. */
export function tokenFieldOf(state: AslState): string {
  const payload = (state.Parameters as { Payload?: Record<string, unknown> }).Payload ?? {};
  const entry = Object.entries(payload).find(([, value]) => value === '$$.Task.Token');
  if (!entry) throw new Error('a .waitForTaskToken task must pass $$.Task.Token in its Payload');
  return entry[0].replace(/\.\$$/, '');
}

const timeoutCopyField = 'localTimeoutSeconds';

export function timeoutOf(state: AslState, input: Record<string, unknown>): number | undefined {
  if (typeof state.TimeoutSeconds === 'number') return state.TimeoutSeconds;
  const copied = input[timeoutCopyField];
  return typeof copied === 'number' ? copied : undefined;
}

/**
 * The definition as the engine should run it. The engine reads a Task's
 * `TimeoutSecondsPath` from the state's input after `Parameters`, where AWS
 * reads it before; so the local copy passes the value through `Parameters`
 * and points the path at it.
 */
export function localCopy(definition: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(definition);
  for (const [, state] of taskStates(copy)) {
    const path = state.TimeoutSecondsPath;
    if (typeof path === 'string' && state.Parameters) {
      (state.Parameters as Record<string, unknown>)[`${timeoutCopyField}.$`] = path;
      state.TimeoutSecondsPath = `$.${timeoutCopyField}`;
    }
  }
  return copy;
}

/**
 * Refuses a definition with a Task that names no timeout. The engine gives
 * such a task 60 seconds, where AWS gives it a year, so the same file would
 * behave differently here and there; every task must say how long it may take.
 */
export function requireTaskTimeouts(definition: Record<string, unknown>, file: string): void {
  const untimed = taskStates(definition)
    .filter(([, state]) => state.TimeoutSeconds === undefined)
    .filter(([, state]) => state.TimeoutSecondsPath === undefined)
    .map(([name]) => name);
  if (untimed.length > 0) {
    throw new Error(`${file}: give these Task states a TimeoutSeconds: ${untimed.join(', ')}`);
  }
}
