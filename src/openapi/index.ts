/** OpenAPI 3.1 documents of the platform and the BFF, generated from the protocol's zod schemas. */
export { bffOpenApi } from './bff-openapi.js';
export { platformOpenApi } from './platform-openapi.js';
export { jsonSchema } from './json-schema.js';
