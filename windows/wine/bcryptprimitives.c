/* Tests only: Wine 8 has no ProcessPrng, which Go's runtime needs on
   Windows 10 and later (where bcryptprimitives.dll has it). This stand-in
   answers it with RtlGenRandom (advapi32's SystemFunction036). It is put in
   the test's own Wine prefix, never in the zip. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        size -= n;
    }
    return TRUE;
}
