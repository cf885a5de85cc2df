/* hello: the first CMS program. HELLO [NAME] */
#include "cmslib.h"

int main(int argc, char **argv)
{
    printf("HELLO, %s, FROM A PROGRAM IN PROBLEM STATE\n", argc > 1 ? argv[1] : "WORLD");
    return 0;
}
