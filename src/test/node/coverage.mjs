// Line coverage of the shipped page scripts from Chromium's own precise coverage (V8 block counts through the
// DevTools protocol, as playwright-core's page.coverage returns them). A line counts when it holds code (not blank,
// not only a comment or a closing bracket) and the innermost V8 range around its first code character ran.

/** Paints each character of `source` with the count of the innermost range that holds it. */
function counts(source, functions) {
  const ranges = functions.flatMap((f) => f.ranges)
    .sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const count = new Array(source.length).fill(0);
  for (const r of ranges) {
    count.fill(r.count, r.startOffset, Math.min(r.endOffset, source.length));
  }
  return count;
}

/** Lines of code: { line, offset } of each line's first code character, comments and lone brackets left out. */
function codeLines(source) {
  const out = [];
  let offset = 0;
  let inComment = false;
  source.split('\n').forEach((text, i) => {
    const trimmed = text.trim();
    const first = text.length - text.trimStart().length;
    if (inComment) {
      if (trimmed.includes('*/')) inComment = false;
    } else if (trimmed.startsWith('/*')) {
      inComment = !trimmed.includes('*/');
    } else if (trimmed && !trimmed.startsWith('//') && !/^[)\]};,]+$/.test(trimmed)) {
      out.push({ line: i + 1, offset: offset + first });
    }
    offset += text.length + 1;
  });
  return out;
}

/**
 * Merges coverage entries (several loads of one script, across reloads, are one file) into per-file line coverage
 * for the URLs under `base`: { files: { name: { lines, covered, missed: [line numbers] } }, lines, covered }.
 */
export function lineCoverage(entries, base) {
  const files = {};
  for (const entry of entries) {
    if (!entry.url.startsWith(base) || !entry.source) continue;
    const name = entry.url.slice(base.length).split('?')[0];
    const count = counts(entry.source, entry.functions);
    const seen = files[name] || (files[name] = new Map());
    for (const { line, offset } of codeLines(entry.source)) {
      seen.set(line, (seen.get(line) || false) || count[offset] > 0);
    }
  }
  const report = { files: {}, lines: 0, covered: 0 };
  for (const [name, seen] of Object.entries(files)) {
    const missed = [...seen].filter(([, hit]) => !hit).map(([line]) => line).sort((a, b) => a - b);
    report.files[name] = { lines: seen.size, covered: seen.size - missed.length, missed };
    report.lines += seen.size;
    report.covered += seen.size - missed.length;
  }
  return report;
}

