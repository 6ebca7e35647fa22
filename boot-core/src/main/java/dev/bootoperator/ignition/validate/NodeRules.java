package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_3;
import static dev.bootoperator.ignition.validate.SpecVersion.V3_6;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Rules for {@code storage.files}, {@code directories} and {@code links}. (That no path appears twice across the
 * three lists is {@link Duplicates}' job.)
 */
final class NodeRules {
    static final String BOTH_ID_AND_NAME = "cannot set both id and name";
    static final String ILLEGAL_MODE = "illegal file mode";
    static final String SPECIAL_BITS =
            "setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0";
    static final String OVERWRITE_WITHOUT_SOURCE = "overwrite must be false if source is unspecified";
    static final String FILE_UNDER_LINK = "file path includes link in config";
    static final String DIRECTORY_UNDER_LINK = "directory path includes link in config";
    static final String LINK_UNDER_LINK = "link path includes link in config";
    static final String LINK_TARGET_REQUIRED = "link target is required";
    static final String HARD_LINK_TO_DIRECTORY = "hard link target is a directory";
    static final String HARD_LINK_OWNER = "user/group ignored for hard link";

    private NodeRules() {}

    static void check(JsonNode storage, SpecVersion v, Report r) {
        Loc loc = Loc.ROOT.at("storage");
        List<JsonNode> files = Json.array(storage, "files");
        List<JsonNode> directories = Json.array(storage, "directories");
        List<JsonNode> links = Json.array(storage, "links");

        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            Loc at = loc.at("files", i);
            node(f, at, r);
            mode(f, at, v, r);
            // a file that may replace what is there must say what to put there
            if (Json.isTrue(f, "overwrite") && !Json.present(f.path("contents"), "source")) {
                r.error(at.at("overwrite"), OVERWRITE_WITHOUT_SOURCE);
            }
            ResourceRules.resource(f.path("contents"), at.at("contents"), v, r);
            List<JsonNode> append = Json.array(f, "append");
            for (int j = 0; j < append.size(); j++) {
                ResourceRules.resource(append.get(j), at.at("append", j), v, r);
            }
        }
        for (int i = 0; i < directories.size(); i++) {
            node(directories.get(i), loc.at("directories", i), r);
            mode(directories.get(i), loc.at("directories", i), v, r);
        }
        for (int i = 0; i < links.size(); i++) {
            node(links.get(i), loc.at("links", i), r);
        }

        // Ignition writes nodes through the filesystem; a path below a link it creates would land elsewhere.
        for (int i = 0; i < directories.size(); i++) {
            for (JsonNode l : links) {
                if (below(directories.get(i), l)) {
                    r.error(loc.at("directories", i), DIRECTORY_UNDER_LINK);
                }
            }
        }
        for (int i = 0; i < files.size(); i++) {
            for (JsonNode l : links) {
                if (below(files.get(i), l)) {
                    r.error(loc.at("files", i), FILE_UNDER_LINK);
                }
            }
        }
        for (int i = 0; i < links.size(); i++) {
            JsonNode l1 = links.get(i);
            for (JsonNode l2 : links) {
                if (below(l1, l2)) {
                    r.error(loc.at("links", i), LINK_UNDER_LINK);
                }
            }
            hardLink(l1, loc.at("links", i), directories, v, r);
        }
    }

    private static void hardLink(JsonNode link, Loc at, List<JsonNode> directories, SpecVersion v, Report r) {
        String target = Json.string(link, "target");
        if (v.atLeast(V3_3) && target.isEmpty()) { // 3.3.0 made target optional in the schema, required here
            r.error(at.at("target"), LINK_TARGET_REQUIRED);
            return;
        }
        if (!Json.isTrue(link, "hard")) {
            return;
        }
        String resolved = GoPaths.clean(target);
        if (!resolved.startsWith("/")) {
            resolved = GoPaths.join(Json.string(link, "path"), target); // sic: relative to the link, not its dir
        }
        for (JsonNode d : directories) {
            if (resolved.equals(Json.string(d, "path"))) {
                r.error(at, HARD_LINK_TO_DIRECTORY);
            }
        }
        for (String owner : new String[] {"user", "group"}) {
            for (String field : new String[] {"id", "name"}) {
                if (Json.present(link.path(owner), field)) {
                    r.warn(at.at(owner, field), HARD_LINK_OWNER);
                }
            }
        }
    }

    private static boolean below(JsonNode node, JsonNode link) {
        return Json.string(node, "path").startsWith(Json.string(link, "path") + "/");
    }

    private static void node(JsonNode n, Loc at, Report r) {
        r.error(at.at("path"), GoPaths.validate(Json.string(n, "path")));
        for (String owner : new String[] {"user", "group"}) {
            if (Json.present(n.path(owner), "id") && Json.notEmpty(n.path(owner), "name")) {
                r.error(at.at(owner), BOTH_ID_AND_NAME);
            }
        }
    }

    /** 0 to 07777 in every version; before 3.6.0, setuid/setgid/sticky bits are warned about. */
    private static void mode(JsonNode n, Loc at, SpecVersion v, Report r) {
        Json.integer(n, "mode").ifPresent(mode -> {
            if (mode < 0 || mode > 07777) {
                r.error(at.at("mode"), ILLEGAL_MODE);
            }
            if (v.before(V3_6) && (mode & 07000) != 0) {
                r.warn(at.at("mode"), SPECIAL_BITS);
            }
        });
    }
}
