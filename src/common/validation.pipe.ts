import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Far deeper than any body Kizuna takes; the validation libraries recurse, and thousands of levels overflow the stack (a 500). */
const MAX_BODY_DEPTH = 32;

function deeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      error.constraints?.whitelistValidation ? `${path} is not an allowed field` : text.replace(error.property, path),
    );
    return [...own, ...messages(error.children ?? [], path)];
  });
}

/**
 * Every body Kizuna takes is a JSON object. Nest would read a JSON null as an empty object (a PATCH then
 * succeeds doing nothing), and class-transformer recurses into whatever nesting it is sent.
 */
class BodyShapePipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestException('the request body must be a JSON object');
      if (deeperThan(value, MAX_BODY_DEPTH)) throw new BadRequestException(`the request body is nested too deeply (more than ${MAX_BODY_DEPTH} levels)`);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Rejects unknown fields and wrong types; every message starts with the field it is about. One message per
 * field: class-validator runs the decorator nearest the property first, so DTOs put the type check there.
 */
export function createValidationPipe(): ValidationPipe {
  return new BodyShapePipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException(messages(errors).join('; ')),
  });
}
