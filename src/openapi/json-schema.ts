import * as z from 'zod';
import type { $ZodType } from 'zod/v4/core';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (2020-12, the dialect of OpenAPI 3.1) of a protocol schema,
 * zod/mini ones included. `input` for what a server accepts (optional fields
 * optional, coerced query numbers as numbers), `output` for what it answers.
 */
export function jsonSchema(schema: $ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}
