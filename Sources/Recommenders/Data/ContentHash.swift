extension InteractionIndex {
    /// `sha256:` and the SHA-256 of the training set in a canonical form: one line per
    /// interaction, sorted by (user, movie), `user \t movie \t minutes \t rating \t at(µs) \n`
    /// (an empty rating field when unrated). Two trainings on the same rows get the same
    /// hash wherever the rows came from; any changed, added or removed row changes it.
    public var contentHash: String {
        var hash = SHA256()
        for interaction in interactions {
            hash.update(
                "\(interaction.userID)\t\(interaction.movieID)\t\(interaction.minutesWatched)\t"
                    + "\(interaction.rating.map(String.init) ?? "")\t\(interaction.at)\n")
        }
        return "sha256:" + hash.hexDigest()
    }
}
