/* JDK 13+ calls decode_instructions_virtual; Debian's FCML hsdis has only the old entry point.
   For the JVM's own code the virtual address and the buffer are the same. */
#include <stdint.h>
typedef void* (*event_cb)(void*, const char*, void*);
typedef int (*printf_cb)(void*, const char*, ...);
extern void* decode_instructions(void* start, void* end, event_cb e, void* es, printf_cb p, void* ps, const char* options);
void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
    event_cb e, void* es, printf_cb p, void* ps, const char* options, int newline) {
  (void) start_va; (void) end_va; (void) newline;
  return decode_instructions(buffer, buffer + length, e, es, p, ps, options);
}
