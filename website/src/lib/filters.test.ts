import { describe, expect, it } from 'vitest';
import { apiProjects } from '../test/fakeApi';
import { filterProjects, filtersToSearch, parseFilters, tagCounts, tagLabel } from './filters';

describe('filters in the URL', () => {
  it.each([
    ['', { tag: null, query: '' }],
    ['?tag=aws', { tag: 'aws', query: '' }],
    ['?q=spot%20gpu', { tag: null, query: 'spot gpu' }],
    ['?tag=machine-learning&q=cuda', { tag: 'machine-learning', query: 'cuda' }],
    ['?tag=', { tag: null, query: '' }],
  ])('parses %s', (search, expected) => {
    expect(parseFilters(search)).toEqual(expected);
  });

  it('writes the tag first and leaves out what is not set', () => {
    expect(filtersToSearch({ tag: null, query: '' })).toBe('');
    expect(filtersToSearch({ tag: null, query: '   ' })).toBe('');
    expect(filtersToSearch({ tag: 'aws', query: 'spot gpu' })).toBe('?tag=aws&q=spot+gpu');
  });

  it('reads back what it writes', () => {
    const filters = { tag: 'step-functions', query: 'a&b=c ?' };
    expect(parseFilters(filtersToSearch(filters))).toEqual(filters);
  });
});

describe('filterProjects', () => {
  it('keeps only the projects with the tag, in their order', () => {
    const shown = filterProjects(apiProjects, { tag: 'machine-learning', query: '' });
    expect(shown.map((p) => p.slug)).toEqual([
      'spot-gpu-training-platform',
      'mixed-precision-transformer',
      'efficient-data-pipeline',
    ]);
  });

  it('needs every word of the query, in title, summary or tags, ignoring case and accents', () => {
    expect(filterProjects(apiProjects, { tag: null, query: 'SPOT' }).map((p) => p.slug)).toEqual(['spot-gpu-training-platform']);
    expect(filterProjects(apiProjects, { tag: null, query: 'java policy' }).map((p) => p.slug)).toEqual(['policy-as-code-gate']);
    expect(filterProjects(apiProjects, { tag: null, query: 'pólicy' }).map((p) => p.slug)).toEqual(['policy-as-code-gate']);
    expect(filterProjects(apiProjects, { tag: null, query: 'cuda nothing-like-this' })).toEqual([]);
  });

  it('combines tag and query', () => {
    expect(filterProjects(apiProjects, { tag: 'aws', query: 'java' }).map((p) => p.slug)).toEqual(['content-addressed-builds']);
  });
});

describe('tagCounts', () => {
  it('counts each tag once per project, most used first, ties alphabetical', () => {
    const counts = tagCounts([
      { ...apiProjects[0], tags: ['b', 'a', 'a'] },
      { ...apiProjects[1], tags: ['c', 'b'] },
    ]);
    expect(counts).toEqual([
      { tag: 'b', count: 2 },
      { tag: 'a', count: 1 },
      { tag: 'c', count: 1 },
    ]);
  });

  it('reads tags as words', () => {
    expect(tagLabel('machine-learning')).toBe('machine learning');
  });
});
