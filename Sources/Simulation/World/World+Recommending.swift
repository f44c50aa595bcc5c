extension World {
    /// The recommendation servers clients call.
    static let servers = [
        "17645-team13.isri.cmu.edu:8082", "17645-team17.isri.cmu.edu:8082", "marquee-a.internal:8080",
        "10.0.4.17:8082",
    ]
    /// What a client logs when its call timed out (status 0).
    static let timeoutTexts = [
        "java.net.SocketTimeoutException: Read timed out",
        "java.net.SocketTimeoutException: connect timed out",
        "java.net.ConnectException: Connection refused (Connection refused)",
    ]
    /// What a client logs for status 500.
    static let serverErrorTexts = [
        "HTTP 500 Internal Server Error",
        "java.io.IOException: Server returned HTTP response code: 500 for URL: http://17645-team13.isri.cmu.edu:8082/recommend",
    ]

    /// Emits a recommendation line of a random user: status 200 (90 %) listing 1 to 20 distinct
    /// movies (20 most often), status 0 with a timeout text and about 600 ms, or status 500.
    ///
    /// After a status-200 line, an idle user starts watching one of the top five listed movies
    /// 30 s to 55 min later a third of the time, so watch-through can be measured. A
    /// ``StreamGenerator/Configuration/duplicateRate`` share of the lines are queued to be
    /// emitted again 1 to 50 lines later.
    mutating func emitRecommendation(into line: inout LineBuilder) -> LineIntent {
        let user = randomUser()
        let printed = stamp(user: user, at: clock, strictly: true)
        writePrefix(&line, user: user, time: printed.time, format: printed.format)
        line.append("recommendation request ")
        line.append(random.element(of: Self.servers))
        let roll = random.below(100)
        let status: Int16 = roll < 90 ? 200 : roll < 96 ? 0 : 500
        line.append(", status ")
        line.append(decimal: Int64(status))
        line.append(", result: ")
        let latency: Int
        switch status {
        case 200:
            let items = recommendedMovies()
            for (rank, movie) in items.enumerated() {
                if rank > 0 { line.append(", ") }
                line.append(bytes: catalog.slugs[movie])
            }
            latency = random.number(in: 20...900)
            if !users[user].busy, random.chance(0.35) {
                let movie = items[random.below(min(5, items.count))]
                let delay = 30_000_000_000 + Int64(random.below(3_270_000_000_000))
                startSession(user: user, movie: movie, at: clock + delay)
            }
        case 0:
            line.append(random.element(of: Self.timeoutTexts))
            latency = random.number(in: 600...640)
        default:
            line.append(random.element(of: Self.serverErrorTexts))
            latency = random.number(in: 5...200)
        }
        line.append(", ")
        line.append(decimal: Int64(latency))
        line.append(" ms")
        recorder.recommendation(status: status)
        if random.chance(configuration.duplicateRate) {
            pendingDuplicates.append((line.bytes, emitted + 1 + random.below(50)))
        }
        return .recommendation
    }

    /// 1 to 20 distinct movies (20 six times in ten), skewed toward popular ones; never more
    /// than the catalog holds.
    private mutating func recommendedMovies() -> [Int] {
        let wanted = min(catalog.count, random.chance(0.6) ? 20 : random.number(in: 1...19))
        var items: [Int] = []
        items.reserveCapacity(wanted)
        while items.count < wanted {
            var movie = catalog.popular(random: &random)
            while items.contains(movie) { movie = (movie + 1) % catalog.count }
            items.append(movie)
        }
        return items
    }
}
