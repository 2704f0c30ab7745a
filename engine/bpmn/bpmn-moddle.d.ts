// bpmn-moddle ships its generated types under `bpmn-moddle/types`, but its main export
// has no `types` condition, so NodeNext resolution sees an untyped module. This is the
// small part of the API MộtCửa uses; elements stay loosely typed and are read through
// the narrow accessors in import.ts.

declare module 'bpmn-moddle' {
  export interface ModdlePropertyDescriptor {
    name: string;
    ns: { name: string; prefix: string; localName: string };
    isAttr?: boolean;
    isMany?: boolean;
    isReference?: boolean;
  }

  export interface ModdleElement {
    readonly $type: string;
    $attrs: Record<string, string>;
    $parent?: ModdleElement;
    readonly $descriptor: { name: string; properties: ModdlePropertyDescriptor[] };
    id?: string;
    get(name: string): unknown;
    set(name: string, value: unknown): void;
    [property: string]: unknown;
  }

  export interface ModdleWarning {
    message: string;
    element?: ModdleElement;
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: ModdleElement;
    references: unknown[];
    warnings: ModdleWarning[];
    elementsById: Record<string, ModdleElement>;
  }

  export interface ParseError extends Error {
    warnings?: ModdleWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, options?: Record<string, unknown>): Promise<ParseResult>;
    fromXML(xml: string, typeName: string, options?: Record<string, unknown>): Promise<ParseResult>;
    toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  }
}
