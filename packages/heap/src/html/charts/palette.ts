// Colours shared by the charts and their HTML legends, so a type has the same
// colour in the timeline, the legend and the tables.

/** Distinguishable hues for the top types, largest first (Tableau 10 order, then lighter Tableau 20 shades; no red or grey, which the lines and "other" use). */
export const TYPE_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#b07aa1",
  "#76b7b2",
  "#edc948",
  "#ff9da7",
  "#9c755f",
  "#a0cbe8",
  "#ffbe7d",
  "#8cd17d",
  "#d4a6c8",
];
export const OTHER_COLOR = "#cfd4dc";

export function typeColor(i: number): string {
  return TYPE_COLORS[i % TYPE_COLORS.length]!;
}
