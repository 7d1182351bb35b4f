import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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
 * Rejects unknown fields and wrong types; every message starts with the field it is about. One message per
 * field: class-validator runs the decorator nearest the property first, so DTOs put the type check there.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException(messages(errors).join('; ')),
  });
}
