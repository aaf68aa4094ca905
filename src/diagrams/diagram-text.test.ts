import { describe, expect, it } from 'vitest';
import { DiagramTextMissing, readDiagramText } from './diagram-text';

describe('readDiagramText', () => {
  it('reads single-line accTitle and accDescr', () => {
    const source = 'sequenceDiagram\n  accTitle: Creating a pod \n  accDescr: kubectl posts a pod.\n  A->>B: hi';
    expect(readDiagramText(source)).toEqual({ title: 'Creating a pod', description: 'kubectl posts a pod.' });
  });
  it('joins a multi-line accDescr block into one sentence', () => {
    const source = 'flowchart LR\naccTitle: Hub\naccDescr {\n  Every component\n  talks to the API server.\n}\nA-->B';
    expect(readDiagramText(source).description).toBe('Every component talks to the API server.');
  });
  it('names what is missing and quotes the diagram', () => {
    expect(() => readDiagramText('sequenceDiagram\n  accTitle: Only a title\n  A->>B: hi')).toThrow(DiagramTextMissing);
    expect(() => readDiagramText('sequenceDiagram\n  A->>B: hi')).toThrow(
      /"sequenceDiagram" needs accTitle and accDescr/,
    );
  });
});
