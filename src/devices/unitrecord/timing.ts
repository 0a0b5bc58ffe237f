/**
 * Modelled durations of the unit-record devices (virtual microseconds), from their rated speeds.
 * Deterministic and plausible, not cycle-exact:
 *
 * - 3505 card reader model B2: 1,200 cards per minute, 50 ms per card read or fed;
 * - 3525 card punch model P3: 300 cards per minute, 200 ms per card;
 * - 1403 printer model N1: 1,100 lines per minute, 54.5 ms per print cycle (the line and its
 *   first space); each further line spaced 5 ms (6 lines per inch at 33 inches per second);
 *   a skip 20 ms to start plus 2.2 ms per line (75 inches per second);
 * - 3215 console printer-keyboard: 85 characters per second for printing and for the operator's
 *   typing, 200 ms for a carrier return;
 * - Sense, Sense ID, No-operation and rejected commands: a 20 µs control-unit turnaround.
 */
export const CONTROL_US = 20;
export const READER_CARD_US = 50_000;
export const PUNCH_CARD_US = 200_000;
export const PRINT_CYCLE_US = 54_545;
export const SPACE_LINE_US = 5_000;
export const SKIP_START_US = 20_000;
export const SKIP_LINE_US = 2_222;
export const CONSOLE_CHAR_US = 11_765;
export const CARRIER_RETURN_US = 200_000;
