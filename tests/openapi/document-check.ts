import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../../functions/platform/api/openapi.js';

/**
 * Checks real answers against an OpenAPI document: the status must be one the
 * operation documents, and a JSON body must match the schema documented for
 * that status. The schemas are compiled by Ajv in strict mode, so a schema
 * that is not valid JSON Schema 2020-12 fails too.
 */
export class DocumentCheck {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true });
  private readonly documentId = 'https://cugar-sales.local/openapi.json';

  constructor(private readonly document: OpenApiDocument) {
    addFormats.default(this.ajv);
    // The component schemas are reached by `#/components/schemas/...` pointers
    // from the document's root; the root is no schema, only their container.
    this.ajv.addKeyword({ keyword: 'components' });
    this.ajv.addSchema({ $id: this.documentId, components: document.components });
    for (const name of Object.keys(document.components.schemas)) {
      this.ajv.getSchema(`${this.documentId}#/components/schemas/${name}`);
    }
  }

  /**
   * The problems of one answer of `method resource`, as readable lines; none
   * when the answer is what the document says.
   */
  problems(
    method: string,
    resource: string,
    answer: { status: number; contentType: string; body: unknown },
  ): string[] {
    const operation = this.document.paths[resource]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${resource} is not in the document`];
    const response = operation.responses[String(answer.status)];
    if (!response) return [`${method} ${resource} does not document status ${answer.status}`];
    const mediaType = answer.contentType.split(';')[0]?.trim() ?? '';
    const content = response.content?.[mediaType] as { schema?: { $ref?: string } } | undefined;
    if (!content) return [`status ${answer.status} does not document ${mediaType}`];
    if (mediaType !== 'application/json') return [];

    const validate = this.ajv.getSchema(`${this.documentId}${content.schema?.$ref ?? ''}`);
    if (!validate) return [`no schema ${content.schema?.$ref}`];
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(describe);
  }
}

function describe(error: ErrorObject): string {
  const detail =
    error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : '';
  return `${error.instancePath || '(body)'} ${error.message}${detail}`;
}
