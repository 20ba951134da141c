"""The normalizer: one page into one record.

In: a `RawPage` (bytes, URL, headers, content type). Out: an `Article` of schema v1, or a `Reject`
saying which step failed. Pure functions, no I/O.

- `parse`: charset, mojibake repair, an lxml tree (HTML) or text lines (dumps);
- `extract/`: a `Draft` (headline, text blocks in order, `PageMeta`) from a site template when one
  recognises the page, else generic extraction (`html`) with metadata (`metadata`);
- `wire`: agency conventions applied to the draft (datelines, slugs, credits, trailers,
  signatures, subheads), everything taken out kept in `removed`;
- `agencies/`, `sites/`: one declarative rule file per agency or site family;
- `language`, `budget`: the record's language; a time budget per page;
- `pipeline`: the steps above in order, failures turned into rejects.
"""
