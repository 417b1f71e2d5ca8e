import type { Colors } from '../../../src/render/colors.js';

/** Colours as visible tags (`<red>…</red>`), so golden files show what is coloured without ANSI codes. */
export const tagColors: Colors = {
  bold: (s) => `<bold>${s}</bold>`,
  dim: (s) => `<dim>${s}</dim>`,
  red: (s) => `<red>${s}</red>`,
  green: (s) => `<green>${s}</green>`,
  yellow: (s) => `<yellow>${s}</yellow>`,
  cyan: (s) => `<cyan>${s}</cyan>`,
  magenta: (s) => `<magenta>${s}</magenta>`,
};
