import { TesseraError } from '@tessera/module-sdk';

/** 413 `FILE_TOO_LARGE`: the content went past the write's limit (nothing of it is kept). */
export class FileTooLargeError extends TesseraError {
  constructor(maxBytes: number) {
    super('payload-too-large', 'FILE_TOO_LARGE', `The file is larger than the limit of ${maxBytes} bytes.`, { maxBytes });
  }
}
