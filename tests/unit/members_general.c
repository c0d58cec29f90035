/* members_general.c - fml4_members.c built without its fast path for plain
 * "local@domain" lines, its exported names renamed gp_*: the unit test
 * compares f48_members_parse_line with gp_members_parse_line, the general
 * parser alone, on generated lines. */
#define F48_MEMBERS_NO_FAST_PATH
#define f48_member_item_entry gp_member_item_entry
#define f48_member_list_free gp_member_list_free
#define f48_member_mode_name gp_member_mode_name
#define f48_member_mode_of gp_member_mode_of
#define f48_members_count gp_members_count
#define f48_members_load gp_members_load
#define f48_members_parse_line gp_members_parse_line
#define f48_members_scan gp_members_scan
#include "fml4/fml4_members.c"
