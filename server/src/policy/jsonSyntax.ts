// A precise offset and message for a JSON syntax error, which JSON.parse does not give portably.
import type { RequestParseError } from './request';

/** Finds where JSON.parse failed, with a message naming what was expected and found. */
export function locateJsonSyntaxError(text: string): RequestParseError {
  const scanner = new JsonScanner(text);
  const error = scanner.check();
  return error ?? { message: 'invalid JSON' };
}

/** A JSON syntax checker used only after JSON.parse failed, to report a precise offset. */
class JsonScanner {
  private i = 0;
  constructor(private readonly text: string) {}

  check(): RequestParseError | undefined {
    try {
      this.value();
      this.ws();
      if (this.i < this.text.length) this.error('the end of the JSON text');
      return undefined;
    } catch (e) {
      if (e instanceof JsonSyntaxError) return { message: e.message, offset: e.offset };
      throw e;
    }
  }

  private ws(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i]!)) this.i++;
  }

  private error(expected: string): never {
    const found = this.i < this.text.length ? JSON.stringify(this.text[this.i]) : 'the end of the text';
    throw new JsonSyntaxError(`invalid JSON: expected ${expected}, found ${found}`, this.i);
  }

  private value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.container('}', true);
    if (c === '[') return this.container(']', false);
    if (c === '"') return this.string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.i, this.i + 400));
    if (!literal) this.error('a value (object, list, string, number, true, false or null)');
    this.i += literal[0].length;
  }

  private container(close: string, isObject: boolean): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === close) return void this.i++;
    for (;;) {
      if (isObject) {
        this.ws();
        if (this.text[this.i] !== '"') this.error('a double-quoted field name');
        this.string();
        this.ws();
        if (this.text[this.i] !== ':') this.error('":" after the field name');
        this.i++;
      }
      this.value();
      this.ws();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] === close) return void this.i++;
      else this.error(`"," or "${close}"`);
    }
  }

  private string(): void {
    const start = this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      const c = this.text.charCodeAt(this.i);
      if (c < 0x20) this.error('a character (control characters must be escaped)');
      if (this.text[this.i] === '\\') {
        const escape = /^\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(this.text.slice(this.i, this.i + 6));
        if (!escape) this.error('a valid escape sequence after "\\"');
        this.i += escape[0].length;
      } else this.i++;
    }
    if (this.i >= this.text.length) throw new JsonSyntaxError('invalid JSON: unterminated string (a closing " is missing)', start);
    this.i++;
  }
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
