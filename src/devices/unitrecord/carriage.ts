/**
 * The 1403's forms carriage: a form of 66 lines (11 inches at 6 lines per inch) and a carriage
 * control tape with one punch per channel. The default tape is the one Hercules 3.13 loads
 * (oracle u2_printer_channels: from the top of form a skip to channel 9 moves 62 lines and a
 * skip to channel 12 moves 60): channel 1 on line 1 (top of form), channels 2-8 every 6 lines
 * (7, 13, ... 43), 10 on 49, 11 on 55, 12 on 61 (overflow), 9 on 63.
 *
 * Rules (2821 component description, "Carriage Control"): spacing moves the paper 1-3 lines; a
 * skip moves it to the next line punched in the channel, at least one line, so a skip to the
 * channel the paper is already on goes to the same line of the next form. While spacing (not
 * skipping) the carriage senses channels 9 and 12: channel 12 ends the operation with unit
 * exception, channel 9 with unit check and sense bit 7; Hercules 3.13 reports neither.
 */
export const FORM_LINES = 66;

/** Line of the default tape's punch for each channel 1-12 (index 0 unused). */
export const DEFAULT_TAPE: readonly number[] = [0, 1, 7, 13, 19, 25, 31, 37, 43, 63, 49, 55, 61];

export interface Motion {
  /** Lines the paper moved. */
  readonly lines: number;
  /** The paper passed the form's end (the text file gets a form feed for a skip). */
  readonly newPage: boolean;
  /** Channels 9 / 12 sensed on the lines reached while spacing. */
  readonly channel9: boolean;
  readonly channel12: boolean;
}

export class Carriage {
  /** Current line, 1 = top of form. */
  line = 1;
  pages = 1;

  constructor(private readonly tape: readonly number[] = DEFAULT_TAPE) {}

  /** Spaces `n` lines (1-3), sensing channels 9 and 12 on every line reached. */
  space(n: number): Motion {
    let channel9 = false;
    let channel12 = false;
    let newPage = false;
    for (let i = 0; i < n; i++) {
      newPage = this.advance() || newPage;
      if (this.line === this.tape[9]) channel9 = true;
      if (this.line === this.tape[12]) channel12 = true;
    }
    return { lines: n, newPage, channel9, channel12 };
  }

  /** Skips to the next line punched in `channel` (1-12). */
  skip(channel: number): Motion {
    const target = this.tape[channel] ?? 1;
    let lines = 0;
    let newPage = false;
    do {
      newPage = this.advance() || newPage;
      lines++;
    } while (this.line !== target && lines <= FORM_LINES);
    return { lines, newPage, channel9: false, channel12: false };
  }

  /** The channels punched on the current line. */
  channelsHere(): number[] {
    const here: number[] = [];
    for (let c = 1; c <= 12; c++) if (this.tape[c] === this.line) here.push(c);
    return here;
  }

  private advance(): boolean {
    this.line++;
    if (this.line > FORM_LINES) {
      this.line = 1;
      this.pages++;
      return true;
    }
    return false;
  }
}
