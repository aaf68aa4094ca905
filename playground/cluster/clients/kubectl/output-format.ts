/**
 * `-o json|yaml|name|wide` for kubectl: objects and lists printed as kubectl prints them (JSON with
 * four-space indentation and sorted keys, YAML via toYaml, a `List` for several objects).
 */
import { apiVersionOf, type ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { goJson } from '../gojson';
import { toYaml } from '../yaml';
import { UsageError } from './flags';
import { kindName } from './resource-args';

/** OutputFormat is a supported `-o` value ('' is the default table). */
export type OutputFormat = '' | 'wide' | 'json' | 'yaml' | 'name';

/** parseOutputFormat validates `-o` with kubectl's message for unknown formats. */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === '') return '';
  if (value === 'wide' || value === 'json' || value === 'yaml' || value === 'name') return value;
  throw new UsageError(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}

/** withTypeMeta fills apiVersion and kind, which list items come without. */
export function withTypeMeta(object: KubeObject, info: ResourceInfo): KubeObject {
  return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(info), kind: object.kind ?? info.kind };
}

/** printObjects renders objects for json/yaml: one object alone, several as a v1 List. */
export function printObjects(objects: KubeObject[], format: 'json' | 'yaml', single: boolean): string {
  const value = single && objects.length === 1 ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
  return format === 'json' ? goJson(value, '    ') + '\n' : toYaml(value);
}

/** objectName is the `-o name` form: `pod/nginx`, `replicaset.apps/web`. */
export function objectName(info: ResourceInfo, name: string | undefined): string {
  return `${kindName(info)}/${name ?? ''}`;
}
