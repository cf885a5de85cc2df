/* hello.c: the smallest bare-machine program: one line on the console
 * through a real channel program, then the pass wait. */
#include "creasy.h"

int main(void)
{
    return con_puts("Hello from the bare machine.") == 0 ? 0 : 1;
}
