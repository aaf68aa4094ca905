/**
 * Pure rules for turning chapter folders (content/chapters/NN-slug) into the ordered course.
 * Kept free of `astro:content` so unit tests can run it without Astro.
 */

/** ChapterLike is the part of a content entry these rules need. */
export interface ChapterLike {
  id: string;
  data: { order: number; title: string; sidebarLabel?: string | undefined; draft: boolean };
}

/** ChapterFolder is a chapter folder name split into its course position and URL slug. */
export interface ChapterFolder {
  order: number;
  slug: string;
}

const folderPattern = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * parseChapterFolder splits `03-creating-a-pod` into `{ order: 3, slug: 'creating-a-pod' }`.
 * The slug is the URL, so renumbering chapters never breaks links.
 */
export function parseChapterFolder(folder: string): ChapterFolder {
  const match = folderPattern.exec(folder);
  if (!match) {
    throw new Error(
      `Chapter folder "${folder}" must be named NN-slug: two digits, a dash, then lowercase words joined by dashes (e.g. 03-creating-a-pod).`,
    );
  }
  return { order: Number(match[1]), slug: match[2] as string };
}

/** OrderedChapter is a chapter entry with its slug and position resolved. */
export type OrderedChapter<Entry extends ChapterLike> = Entry & { slug: string; label: string };

/**
 * orderChapters sorts chapters by their folder number and checks that the course is consistent:
 * frontmatter `order` equals the folder number, and no two chapters share a number or slug.
 * Drafts are dropped unless `includeDrafts` is set (dev server).
 */
export function orderChapters<Entry extends ChapterLike>(
  entries: readonly Entry[],
  options: { includeDrafts: boolean },
): OrderedChapter<Entry>[] {
  const seenOrders = new Map<number, string>();
  const seenSlugs = new Map<string, string>();
  const ordered: OrderedChapter<Entry>[] = [];
  for (const entry of entries) {
    const folder = parseChapterFolder(entry.id);
    if (entry.data.order !== folder.order) {
      throw new Error(
        `Chapter "${entry.id}" has order: ${entry.data.order} in its frontmatter but its folder says ${folder.order}. Make them equal.`,
      );
    }
    const orderOwner = seenOrders.get(folder.order);
    if (orderOwner) throw new Error(`Chapters "${orderOwner}" and "${entry.id}" both have number ${folder.order}.`);
    const slugOwner = seenSlugs.get(folder.slug);
    if (slugOwner) throw new Error(`Chapters "${slugOwner}" and "${entry.id}" both have the slug "${folder.slug}".`);
    seenOrders.set(folder.order, entry.id);
    seenSlugs.set(folder.slug, entry.id);
    if (entry.data.draft && !options.includeDrafts) continue;
    ordered.push({ ...entry, slug: folder.slug, label: entry.data.sidebarLabel ?? entry.data.title });
  }
  return ordered.sort((a, b) => a.data.order - b.data.order);
}

/** ChapterNeighbours holds the chapters before and after one chapter, if any. */
export interface ChapterNeighbours<Chapter> {
  previous: Chapter | undefined;
  next: Chapter | undefined;
}

/** neighboursOf finds the previous and next chapter of `slug` in an ordered list. */
export function neighboursOf<Chapter extends { slug: string }>(
  chapters: readonly Chapter[],
  slug: string,
): ChapterNeighbours<Chapter> {
  const index = chapters.findIndex((chapter) => chapter.slug === slug);
  if (index < 0) throw new Error(`No chapter with slug "${slug}".`);
  return { previous: chapters[index - 1], next: chapters[index + 1] };
}
