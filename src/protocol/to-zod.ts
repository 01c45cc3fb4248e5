/**
 * The zod schema of a statement of the wire (shape.ts): the public schemas of
 * `ccbridge/protocol` are made here from the same statements the bundles
 * check with, so the two cannot say different things. A property-based test
 * (test/unit/wire.test.ts) holds them to the same verdict and fields out.
 * Only `ccbridge/protocol`'s schemas import this module: no bundle of a page
 * or a desktop carries zod.
 */
import * as z from 'zod/mini';
import type { AnyShape, Infer, Shape } from './shape.js';

/** The zod schema that states `shape`, typed by what it reads to. */
export function toZod<S extends AnyShape>(shape: S): z.ZodMiniType<Infer<S>> {
  return schemaOf(shape) as z.ZodMiniType<Infer<S>>;
}

const made = new WeakMap<AnyShape, z.ZodMiniType>();

function schemaOf(shape: Shape<unknown>): z.ZodMiniType {
  let schema = made.get(shape);
  if (schema === undefined) {
    schema = translate(shape);
    made.set(shape, schema);
  }
  return schema;
}

function translate(shape: Shape<unknown>): z.ZodMiniType {
  const def = shape.def;
  switch (def.kind) {
    case 'string': {
      const checks = [];
      if (def.min > 0) checks.push(z.minLength(def.min));
      if (def.max !== Number.POSITIVE_INFINITY) checks.push(z.maxLength(def.max));
      return z.string().check(...checks);
    }
    case 'number': {
      const base = def.integer ? z.int() : z.number();
      return def.min === undefined ? base : base.check(z.gte(def.min));
    }
    case 'boolean':
      return z.boolean();
    case 'unknown':
      return z.unknown();
    case 'text':
      return z.pipe(z.union([z.string(), z.number()]), z.transform((value) => String(value)));
    case 'literal':
      return z.literal(def.values as (string | number | boolean | null)[]);
    case 'optional':
      return z.optional(schemaOf(def.inner));
    case 'nullable':
      return z.nullable(schemaOf(def.inner));
    case 'lenient':
      return z.optional(z.catch(schemaOf(def.inner), undefined));
    case 'union':
      return z.union(def.options.map(schemaOf) as [z.ZodMiniType, ...z.ZodMiniType[]]);
    case 'array': {
      const schema = z.array(schemaOf(def.item));
      return def.max === Number.POSITIVE_INFINITY ? schema : schema.check(z.maxLength(def.max));
    }
    case 'record':
      return z.record(z.string(), schemaOf(def.value));
    case 'object': {
      const fields = Object.fromEntries(Object.entries(def.fields).map(([name, field]) => [name, schemaOf(field)]));
      return def.keep ? z.looseObject(fields) : z.object(fields);
    }
    case 'refine':
      return schemaOf(def.inner).check(z.refine(def.test as (value: unknown) => boolean, { message: def.message, path: [...def.path] }));
    case 'variants': {
      // Each option, then the fallback for a key that names no option.
      const options = [...new Set(Object.values(def.options))].map(schemaOf);
      if (def.other !== undefined) {
        const known = new Set(Object.keys(def.options));
        const key = def.key;
        options.push(schemaOf(def.other).check(z.refine((value) => !known.has((value as Record<string, unknown>)[key] as string))));
      }
      return options.length === 1 ? (options[0] as z.ZodMiniType) : z.union(options as [z.ZodMiniType, ...z.ZodMiniType[]]);
    }
  }
}
