window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1712845355111111111",
      "updatedAt" : "2023-10-13T14:58:50.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : {}
      },
      "createdAt" : "2023-10-13T14:58:50.000Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "Five years after #MeToo began, here is what I learned from reading ten thousand replies: people remember the first person who believed them. They remember who stayed silent. And they remember whether anything changed at work afterwards. We owe them more than a hashtag; we owe them follow-through, policies that protect people who speak up, and the patience to keep listening when the news moves on. #MeTooAt5",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : [
          {
            "text" : "MeToo",
            "fromIndex" : "0",
            "toIndex" : "3"
          },
          {
            "text" : "MeTooAt5",
            "fromIndex" : "0",
            "toIndex" : "3"
          }
        ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1712900000222222222",
      "updatedAt" : "2023-10-14T09:00:00.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : {}
      },
      "createdAt" : "2023-10-14T09:00:00.000Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "Thread 1/2: the data behind the movement is people's own disclosures. Anyone who studies it should treat each reply as testimony, not as a data point, and keep it on their own machine. That is why we analyze archives locally and never upload anything to a server, not even for a second. It is also why the tools must be simple enough that anyone can check what they do.",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : []
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1712900000333333333",
      "updatedAt" : "2023-10-14T09:00:00.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : {}
      },
      "createdAt" : "2023-10-14T09:00:00.000Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "Thread 2/2: if you are a researcher, write down how you counted. Which posts did you keep, which did you drop, what did you do with retweets and edits, and which time zone are your days in? Numbers without that context cannot be checked, and the people who trusted you with their stories deserve numbers that can be checked. #OpenScience",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : [
          {
            "text" : "OpenScience",
            "fromIndex" : "0",
            "toIndex" : "3"
          }
        ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1712900000444444444",
      "updatedAt" : "2023-10-20T12:00:00.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : {}
      },
      "createdAt" : "2023-10-20T12:00:00.000Z",
      "core" : {
        "styletags" : [],
        "urls" : [],
        "text" : "A long post whose short form was deleted, so nothing matches it. A long post whose short form was deleted, so nothing matches it. A long post whose short form was deleted, so nothing matches it. A long post whose short form was deleted, so nothing matches it. A long post whose short form was deleted, so nothing matches it. ",
        "mentions" : [],
        "cashtags" : [],
        "hashtags" : []
      }
    }
  }
]