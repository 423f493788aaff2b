/** A project as the API returns it (routes/README.md, "The contract"). */
export interface ProjectLink {
  label: string;
  url: string;
}

export interface ProjectImage {
  path: string;
  alt: string;
}

export interface ProjectSummary {
  slug: string;
  title: string;
  summary: string;
  tags: string[];
  /** YYYY-MM-DD */
  publishedAt: string;
  /** YYYY-MM-DD */
  updatedAt: string;
  links: ProjectLink[];
  image: ProjectImage;
}

/** The detail route adds the body: paragraphs separated by a blank line. */
export interface Project extends ProjectSummary {
  body: string;
}

/** Where the shown projects came from: the live API, or the copy bundled at build time. */
export type DataSource = 'api' | 'bundled';
