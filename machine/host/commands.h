/* commands.h: the creasy subcommands main() dispatches to. */
#ifndef CREASY_COMMANDS_H
#define CREASY_COMMANDS_H

int run_main(int argc, char **argv);       /* run_cmd.c: creasy run IMAGE.elf ... */
int console_main(int argc, char **argv);   /* machine/console/console.c: the operator console */
int disk_main(int argc, char **argv);      /* disk_cmd.c: creasy disk SUBCOMMAND IMAGE ... */
int directory_main(int argc, char **argv); /* directory_cmd.c: creasy directory compile|show ... */

#endif
