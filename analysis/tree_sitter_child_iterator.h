/* Steps over one node's visible children, as ts_tree_cursor_goto_first_child and
 * ts_tree_cursor_goto_next_sibling do (entering the hidden nodes in between, reporting each child's
 * field as ts_tree_cursor_current_field_id does), in a few loads per child rather than the cursor's
 * pop, re-derivation of its parent and push per step. Written against tree-sitter's internal
 * layout of the version pinned in package-lock.json: tests/unit/analysis/child_iterator_test.cpp
 * and tests/corpus/child_iterator_check.cpp compare it with the cursor on every node of their
 * sources. One iterator is used by one thread at a time; the tree must outlive the walk.
 */
#ifndef CLOSURELENS_TREE_SITTER_CHILD_ITERATOR_H
#define CLOSURELENS_TREE_SITTER_CHILD_ITERATOR_H

#include <tree_sitter/api.h>

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One node whose children are being stepped over: the node the walk began at, or a hidden node
 * entered on the way. Opaque to callers. */
typedef struct {
  const void* parent;
  const TSSymbol* aliasSequence;
  uint16_t productionId;
  /* Of the hidden node this frame is, within the frame below it: */
  bool extra;
  uint32_t indexInParent;
  uint32_t childIndex;
  uint32_t structuralChildIndex;
  /* Where the child at childIndex starts, its padding not yet counted (the first child's is the
   * node's own): */
  uint32_t bytes;
  TSPoint point;
} ClosurelensChildFrame;

typedef struct {
  const TSTree* tree;
  const TSLanguage* language;
  ClosurelensChildFrame* frames;
  uint32_t depth;
  uint32_t capacity;
} ClosurelensChildIterator;

/* Starts a walk over `node`'s children. The iterator's frames are kept across walks. */
void closurelensChildIteratorReset(ClosurelensChildIterator* self, TSNode node);

/* The next visible child, and its field id (0 for none) when `field` is not null. False when the
 * children are exhausted. */
bool closurelensChildIteratorNext(ClosurelensChildIterator* self, TSNode* child, TSFieldId* field);

/* Frees the frames; the iterator may be reset and used again afterwards. */
void closurelensChildIteratorRelease(ClosurelensChildIterator* self);

#ifdef __cplusplus
}
#endif

#endif
