/** Diagnostics as `file:line:col: error CODE: message` (the `$ccw` problem matcher reads this). */
export { formatDiagnostic } from '../asm/listing';
