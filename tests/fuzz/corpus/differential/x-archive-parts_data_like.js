window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "1700000000000000000",
      "fullText" : "liked post 0",
      "expandedUrl" : "https://twitter.com/i/web/status/1700000000000000000"
    }
  },
  {
    "like" : {
      "tweetId" : "1700000000000000001",
      "fullText" : "liked post 1",
      "expandedUrl" : "https://twitter.com/i/web/status/1700000000000000001"
    }
  },
  {
    "like" : {
      "tweetId" : "1700000000000000002",
      "fullText" : "liked post 2",
      "expandedUrl" : "https://twitter.com/i/web/status/1700000000000000002"
    }
  },
  {
    "like" : {
      "tweetId" : "1700000000000000099",
      "expandedUrl" : "https://twitter.com/i/web/status/1700000000000000099"
    }
  }
]