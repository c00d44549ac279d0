#include "analysis/tree_sitter_child_iterator.h"

#include "alloc.h"
#include "language.h"
#include "length.h"
#include "subtree.h"
#include "tree.h"

static const uint32_t initialCapacity = 16;

static void pushFrame(ClosurelensChildIterator* self, const Subtree* node, Length position,
                      uint32_t indexInParent, bool extra) {
  if (self->depth == self->capacity) {
    /* Hidden nodes nest a few deep except in repetitions, which tree-sitter keeps balanced. */
    self->capacity = self->capacity ? self->capacity * 2 : initialCapacity;
    self->frames = ts_realloc(self->frames, self->capacity * sizeof(ClosurelensChildFrame));
  }
  const uint16_t production = node->ptr->production_id;
  ClosurelensChildFrame* frame = &self->frames[self->depth++];
  frame->parent = node->ptr;
  frame->aliasSequence = ts_language_alias_sequence(self->language, production);
  frame->productionId = production;
  frame->indexInParent = indexInParent;
  frame->extra = extra;
  frame->childIndex = 0;
  frame->structuralChildIndex = 0;
  frame->bytes = position.bytes;
  frame->point = position.extent;
}

void closurelensChildIteratorReset(ClosurelensChildIterator* self, TSNode node) {
  self->tree = node.tree;
  self->language = node.tree ? node.tree->language : NULL;
  self->depth = 0;
  const Subtree* subtree = (const Subtree*)node.id;
  if (!subtree || ts_subtree_child_count(*subtree) == 0) return;
  Length start = {ts_node_start_byte(node), ts_node_start_point(node)};
  pushFrame(self, subtree, start, 0, false);
}

/* The field of the child at `structuralIndex` in the top frame: its own entry in that frame's
 * field map, else the field of the hidden node it sits in, and so on down to the walk's node; an
 * extra (a comment) has none. The cursor skips inherited entries the same way. */
static TSFieldId fieldOf(const ClosurelensChildIterator* self, uint32_t structuralIndex) {
  for (uint32_t i = self->depth; i-- > 0;) {
    const ClosurelensChildFrame* frame = &self->frames[i];
    const TSFieldMapEntry* map = NULL;
    const TSFieldMapEntry* mapEnd = NULL;
    ts_language_field_map(self->language, frame->productionId, &map, &mapEnd);
    for (; map < mapEnd; ++map) {
      if (!map->inherited && map->child_index == structuralIndex) return map->field_id;
    }
    if (i == 0 || frame->extra) return 0;
    structuralIndex = frame->indexInParent;
  }
  return 0;
}

bool closurelensChildIteratorNext(ClosurelensChildIterator* self, TSNode* child, TSFieldId* field) {
  while (self->depth > 0) {
    ClosurelensChildFrame* frame = &self->frames[self->depth - 1];
    Subtree parent = {.ptr = frame->parent};
    if (frame->childIndex == parent.ptr->child_count) {
      --self->depth;
      continue;
    }
    const Subtree* next = &ts_subtree_children(parent)[frame->childIndex];
    const bool extra = ts_subtree_extra(*next);
    const uint32_t structuralIndex = frame->structuralChildIndex;
    TSSymbol alias = 0;
    if (!extra) {
      if (frame->aliasSequence) alias = frame->aliasSequence[structuralIndex];
      ++frame->structuralChildIndex;
    }
    Length position = {frame->bytes, frame->point};
    /* A node starts where its first child does, past the padding both share. */
    if (frame->childIndex > 0) position = length_add(position, ts_subtree_padding(*next));
    const Length end = length_add(position, ts_subtree_size(*next));
    frame->bytes = end.bytes;
    frame->point = end.extent;
    ++frame->childIndex;
    if (ts_subtree_visible(*next) || alias) {
      *child = ts_node_new(self->tree, next, position, alias);
      if (field) *field = extra ? 0 : fieldOf(self, structuralIndex);
      return true;
    }
    if (ts_subtree_visible_child_count(*next) > 0) {
      pushFrame(self, next, position, structuralIndex, extra);
    }
  }
  return false;
}

void closurelensChildIteratorRelease(ClosurelensChildIterator* self) {
  ts_free(self->frames);
  self->frames = NULL;
  self->depth = 0;
  self->capacity = 0;
}
