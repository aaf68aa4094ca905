/**
 * DescribeWriter builds `kubectl describe` text as kubectl's PrefixWriter does: each write is
 * indented two spaces per level, cells are tab-separated, and the whole page is aligned at the
 * end by the describe tabwriter (min width 0, padding 2).
 */
import { KUBECTL_DESCRIBE, tabwrite } from './tabwriter';

/** DescribeWriter accumulates describe output. */
export class DescribeWriter {
  private text = '';

  /** write appends `text` at an indentation level (0: none, 1: two spaces, …). */
  write(level: number, text: string): void {
    this.text += '  '.repeat(level) + text;
  }

  /** line appends text followed by a newline, without indentation (PrefixWriter.WriteLine). */
  line(text: string): void {
    this.text += text + '\n';
  }

  /** toString aligns the page. */
  toString(): string {
    return tabwrite(this.text, KUBECTL_DESCRIBE);
  }
}

/** writeMapMultiline prints labels (`k=v`) or node selectors sorted, one per line, `<none>` when empty. */
export function writeMapMultiline(w: DescribeWriter, title: string, values: Record<string, string> | undefined, separator = '='): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(values ?? {}).sort();
  if (keys.length === 0) return w.line('<none>');
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${key}${separator}${values![key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

/** writeAnnotations prints annotations as describe does, leaving out last-applied-configuration. */
export function writeAnnotations(w: DescribeWriter, annotations: Record<string, string> | undefined): void {
  w.write(0, 'Annotations:\t');
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (keys.length === 0) return w.line('<none>');
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const part of value.split('\n')) {
        const shortened = part.length > MAX_ANNOTATION_LEN - 2 ? part.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : part;
        w.write(0, `\t  ${shortened}\n`);
      }
    } else w.write(0, `${key}: ${value}\n`);
  });
}
