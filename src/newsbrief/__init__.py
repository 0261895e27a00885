"""newsbrief: from a pile of news articles to attributed story briefs."""
