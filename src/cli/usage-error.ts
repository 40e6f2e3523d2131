import { InvalidArgumentError } from '../errors.js'

/**
 * Command-line input that does not fit what the command takes (an unknown
 * command or option, a missing argument, an option value that is not of its
 * kind, options that exclude each other): `gdp` exits 2 for it, not 1.
 */
export class UsageError extends InvalidArgumentError { override name = 'UsageError' }
