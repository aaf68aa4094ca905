import type { MermaidConfig } from 'mermaid';

/** DiagramTheme is the site theme a diagram is drawn for; each diagram is drawn once per theme. */
export type DiagramTheme = 'light' | 'dark';

/** diagramThemes lists both themes in the order they are drawn. */
export const diagramThemes: readonly DiagramTheme[] = ['light', 'dark'];

/**
 * diagramFontFamily is a stack of Arial-metric fonts (Liberation Sans on the build machine is
 * metric-compatible with Arial and Helvetica): labels are measured at build time in one font and
 * shown in the reader's, so the two must have the same widths or text spills out of its boxes.
 */
export const diagramFontFamily = '"Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif';

// Colours follow src/styles/tokens.css: slate neutrals with the Kubernetes blue as accent.
const palettes = {
  light: {
    darkMode: false,
    background: '#f8fafc',
    edgeLabelBackground: '#f8fafc',
    primaryColor: '#e8effd',
    primaryBorderColor: '#326ce5',
    primaryTextColor: '#0f172a',
    secondaryColor: '#f1f5f9',
    tertiaryColor: '#ffffff',
    lineColor: '#475569',
    textColor: '#0f172a',
    noteBkgColor: '#fef9c3',
    noteBorderColor: '#ca8a04',
    noteTextColor: '#422006',
    actorBkg: '#e8effd',
    actorBorder: '#326ce5',
    actorTextColor: '#0f172a',
    actorLineColor: '#94a3b8',
    signalColor: '#334155',
    signalTextColor: '#0f172a',
    labelBoxBkgColor: '#e8effd',
    labelBoxBorderColor: '#326ce5',
    labelTextColor: '#0f172a',
    loopTextColor: '#0f172a',
    activationBkgColor: '#dbe6fb',
    activationBorderColor: '#326ce5',
    sequenceNumberColor: '#ffffff',
  },
  dark: {
    darkMode: true,
    background: '#111827',
    edgeLabelBackground: '#111827',
    primaryColor: '#1e2a44',
    primaryBorderColor: '#7aa2f7',
    primaryTextColor: '#e2e8f0',
    secondaryColor: '#1f2937',
    tertiaryColor: '#0b1120',
    lineColor: '#94a3b8',
    textColor: '#e2e8f0',
    noteBkgColor: '#3b3415',
    noteBorderColor: '#ca8a04',
    noteTextColor: '#fef3c7',
    actorBkg: '#1e2a44',
    actorBorder: '#7aa2f7',
    actorTextColor: '#e2e8f0',
    actorLineColor: '#64748b',
    signalColor: '#cbd5e1',
    signalTextColor: '#e2e8f0',
    labelBoxBkgColor: '#1e2a44',
    labelBoxBorderColor: '#7aa2f7',
    labelTextColor: '#e2e8f0',
    loopTextColor: '#e2e8f0',
    activationBkgColor: '#27375a',
    activationBorderColor: '#7aa2f7',
    sequenceNumberColor: '#0b1120',
  },
} as const;

/**
 * mermaidConfigFor is the one Mermaid configuration used both at build time (headless Chromium)
 * and in the page (fallback and live diagrams), so a diagram looks the same wherever it was drawn.
 */
export function mermaidConfigFor(theme: DiagramTheme): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    fontFamily: diagramFontFamily,
    themeVariables: { ...palettes[theme], fontFamily: diagramFontFamily, fontSize: '15px' },
    // Tight spacing keeps sequence diagrams narrow enough to show near 1:1 in the prose column.
    sequence: {
      mirrorActors: false,
      showSequenceNumbers: false,
      diagramMarginX: 8,
      diagramMarginY: 8,
      actorMargin: 30,
      width: 130,
      height: 44,
      boxMargin: 8,
      noteMargin: 8,
      messageMargin: 30,
      actorFontSize: 15,
      messageFontSize: 15,
      noteFontSize: 14,
    },
    flowchart: { htmlLabels: false, curve: 'basis' },
  };
}
