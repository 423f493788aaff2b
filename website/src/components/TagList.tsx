import { Link } from '../router';
import { tagLabel } from '../lib/filters';

/** A project's tags, each a link to the home page filtered by it. */
export function TagList({ tags, label }: { tags: readonly string[]; label: string }) {
  return (
    <ul className="tags" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag}>
          <Link className="tag" to={`/?tag=${encodeURIComponent(tag)}`}>
            {tagLabel(tag)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
