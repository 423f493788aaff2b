/** The site owner's details: the one place to change them. */
export const SITE = {
  name: 'Portfolio',
  role: 'Cloud infrastructure and machine learning engineering',
  sourceUrl: 'https://github.com/portfolio-example/infra',
  githubUrl: 'https://github.com/portfolio-example',
} as const;
