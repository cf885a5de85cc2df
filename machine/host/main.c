/* main.c: creasy's entry point: dispatch to a subcommand.
 *
 *   creasy [--script FILE] [PROGRAM.elf]   the operator console
 *   creasy run IMAGE.elf [...]             run a bare-machine program
 *   creasy disk SUBCOMMAND IMAGE [...]     make and fill CMS disk images
 *   creasy directory compile|show [...]    compile and show CP's user directory
 *
 * Every subcommand's --help prints its usage on stdout and exits 0.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "hostfile.h"

int main(int argc, char **argv)
{
    /* every host output is checked at exit: a write error anywhere (stdout,
     * a device's file, a trace) is reported and makes the status nonzero */
    atexit(hostfile_at_exit);
    if (argc > 1 && !strcmp(argv[1], "run"))
        return run_main(argc - 2, argv + 2);
    if (argc > 1 && !strcmp(argv[1], "disk"))
        return disk_main(argc - 2, argv + 2);
    if (argc > 1 && !strcmp(argv[1], "directory"))
        return directory_main(argc - 2, argv + 2);
    return console_main(argc, argv);
}
