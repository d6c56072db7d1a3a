import { InvalidArgumentError } from 'commander';

/**
 * Option parsers shared by the CLI's commands. A bad value is a usage error:
 * commander prints it with the option's name and the CLI exits 2.
 */

/** A whole number of at least 1, as `--budget`, `--limit` and `--interval` take. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1');
  }
  return number;
}
