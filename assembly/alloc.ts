// Blocks of linear memory for per-stream state and shared filter tables,
// from the runtime's TLSF allocator (16-byte aligned, reused after free).
// Allocation may grow memory: the TypeScript side re-reads memory.buffer
// after every call to `allocate`.

export function allocate(bytes: usize): usize {
  const ptr = heap.alloc(bytes);
  memory.fill(ptr, 0, bytes);
  return ptr;
}

export function release(ptr: usize): void {
  heap.free(ptr);
}
