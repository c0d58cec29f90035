/* cmd_virtual.c - placeholder while the Postfix maps are being written. */
#include <stdio.h>

#include "cli.h"

int
cmd_virtual(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fml4to8 virtual: not available in this build\n");
	return EXIT_USAGE;
}
