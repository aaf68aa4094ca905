/**
 * Reading `-f` input the way kubectl's resource builder does: multi-document YAML or JSON, `List`
 * objects flattened into their items, each object mapped to a served resource and given its
 * namespace. Problems come back as kubectl's own error lines.
 */
import type { ResourceInfo } from '../../api/resources';
import { resourceForKind } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { goJson } from '../gojson';
import { parseYamlDocuments, YamlSyntaxError } from '../yaml';
import type { KubectlEnv } from './env';

/** ManifestObject is one object to act on, with its resource and effective namespace. */
export interface ManifestObject {
  object: KubeObject;
  info: ResourceInfo;
  /** Namespace for namespaced resources, undefined for cluster-scoped ones. */
  namespace?: string;
  name: string;
}

/** ManifestError is input kubectl refuses; `message` is the full stderr text. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** readSource returns the text of `-f` (`-` is stdin) and the name errors use for it. */
export function readSource(env: KubectlEnv, filename: string | undefined, stdin: string | undefined, verb: string): { text: string; source: string } {
  if (filename === undefined) throw new ManifestError(`error: must specify one of -f and -k`);
  if (filename === '-') {
    if (!stdin || !stdin.trim()) throw new ManifestError(`error: no objects passed to ${verb}`);
    return { text: stdin, source: 'STDIN' };
  }
  const text = env.readFile?.(filename);
  if (text === undefined) throw new ManifestError(`error: the path "${filename}" does not exist`);
  return { text, source: filename };
}

/** readManifests parses the text and resolves every object; `explicitNamespace` is -n when given. */
export function readManifests(text: string, source: string, defaultNamespace: string, explicitNamespace: string | undefined, verb: string): ManifestObject[] {
  let documents: unknown[];
  try {
    documents = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new ManifestError(`error: error parsing ${source}: ${error.message}`);
    throw error;
  }
  const objects: unknown[] = documents.flatMap((doc) =>
    typeof doc === 'object' && doc !== null && (doc as KubeObject).kind === 'List' && Array.isArray((doc as { items?: unknown }).items) ? ((doc as { items: unknown[] }).items) : [doc],
  );
  if (objects.length === 0) throw new ManifestError(`error: no objects passed to ${verb}`);
  return objects.map((raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ManifestError(`error: error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
    }
    const object = raw as KubeObject;
    if (!object.kind) throw new ManifestError(`error: unable to decode "${source}": Object 'Kind' is missing in '${goJson(object)}'`);
    const name = object.metadata?.name ?? '';
    const info = resourceForKind(String(object.apiVersion ?? ''), String(object.kind));
    if (!info) {
      throw new ManifestError(
        `error: resource mapping not found for name: "${name}" namespace: "${object.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion ?? ''}"\nensure CRDs are installed first`,
      );
    }
    let namespace: string | undefined;
    if (info.namespaced) {
      const own = object.metadata?.namespace;
      if (own && explicitNamespace && own !== explicitNamespace) {
        throw new ManifestError(`error: the namespace from the provided object "${own}" does not match the namespace "${explicitNamespace}". You must pass '--namespace=${own}' to perform this operation.`);
      }
      namespace = own || explicitNamespace || defaultNamespace;
    }
    return { object, info, namespace, name };
  });
}
