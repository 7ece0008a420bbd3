package dev.cloister.store;

/**
 * What an unfinished create, clone or delete left of a sandbox, read from the staging names
 * on disk (the operation's journal): {@code .NAME.creating} (tree and metadata being built),
 * {@code .NAME.deleting} (a delete under way: the metadata renamed aside is its commit), or a
 * tree and metadata without a config (renamed into place, not yet committed). Every one of
 * them is removed by {@code delete NAME}, {@code gc} or a retry of the create; a delete is
 * finished, a create rolled back.
 *
 * @param operation  what was under way
 * @param source     the clone's source sandbox, or ""
 * @param inProgress whether the operation still runs (its process holds the store's lock)
 */
public record Leftover(String name, Operation operation, String source, boolean inProgress) {

    public enum Operation { CREATE, CLONE, DELETE, UNKNOWN }

    public String what() {
        String op = switch (operation) {
            case CREATE -> "create";
            case CLONE -> "clone of " + source;
            case DELETE -> "delete";
            case UNKNOWN -> "create or delete";
        };
        return inProgress ? "a " + op + " is under way" : "an interrupted " + op;
    }

    public String advice() {
        if (inProgress) {
            return "wait for it (`cloister list` again)";
        }
        return operation == Operation.DELETE
                ? "`cloister delete " + name + "` or `cloister gc` finishes it"
                : "`cloister delete " + name + "`, `cloister gc` or the " + (operation == Operation.CLONE ? "clone" : "create")
                        + " again removes it";
    }
}
