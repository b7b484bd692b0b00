import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseWith } from './parse-with';

/**
 * Validates one handler argument with a zod schema ({@link parseWith}): a 400 problem naming each
 * bad field, or the parsed value. `where` names the part in messages; by default the argument's
 * kind (`body`, `query`, `param`).
 *
 * @example
 * @Post() submit(@Body(new ZodValidationPipe(LoanApplication)) body: LoanApplication) { ... }
 */
export class ZodValidationPipe implements PipeTransform {
  constructor(
    private readonly schema: z.ZodType,
    private readonly where?: string,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return parseWith(this.schema, value, this.where ?? (metadata.type === 'custom' ? 'body' : metadata.type));
  }
}
