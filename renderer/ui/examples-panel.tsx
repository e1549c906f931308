// The examples gallery and the recent files: the ways to open something without a file dialog.

import { useDocument, useServices } from './context.ts';

export function ExamplesPanel() {
  const { documents } = useServices();
  const examples = useDocument((s) => s.examples);
  const recent = useDocument((s) => s.recent);
  return (
    <nav className="side" aria-label="Examples and recent files">
      <h2>Examples</h2>
      <ul data-testid="examples" className="examples">
        {examples.map((example) => (
          <li key={example.name}>
            <button type="button" className="example-card" data-testid={`example-${example.name}`} title={example.description}
              onClick={() => void documents.openExample(example.name)}>
              <span className="example-title">{example.title}</span>
              {example.description ? <span className="example-description">{example.description}</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {recent.length > 0 ? (
        <>
          <h2>Recent</h2>
          <ul data-testid="recent-files" className="examples">
            {recent.map((file) => (
              <li key={file.ref}>
                <button type="button" onClick={() => void documents.openRecent(file.ref)}
                  title={`last used ${new Date(file.at).toLocaleString()}`}>{file.name}</button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </nav>
  );
}
