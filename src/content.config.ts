import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * chapterSchema is the frontmatter every chapter must have. It is strict: an unknown key (a typo
 * such as `sumary:`) fails the build instead of being silently dropped.
 */
export const chapterSchema = z
  .strictObject({
    title: z.string().min(3).describe('Chapter title, shown as the page heading and in the <title>.'),
    sidebarLabel: z
      .string()
      .min(3)
      .optional()
      .describe('Shorter title for the sidebar and previous/next links. Default: title.'),
    summary: z
      .string()
      .min(20)
      .max(240)
      .describe('One or two sentences: shown on the home page and used as the meta description.'),
    order: z
      .number()
      .int()
      .positive()
      .describe('Position in the course. Must equal the folder prefix: 01-slug has order 1.'),
    objectives: z
      .array(z.string().min(3))
      .min(1)
      .describe('What the reader can do after the chapter; shown in a box under the heading.'),
    draft: z
      .boolean()
      .default(false)
      .describe('A draft is built in `astro dev` only and left out of the production build.'),
  })
  .describe('Frontmatter of content/chapters/NN-slug/index.mdx');

/** collections registers content/chapters/NN-slug/index.mdx; the entry id is the folder name. */
export const collections = {
  chapters: defineCollection({
    loader: glob({
      base: './content/chapters',
      pattern: '*/index.mdx',
      generateId: ({ entry }) => entry.split('/')[0] ?? entry,
    }),
    schema: chapterSchema,
  }),
};
