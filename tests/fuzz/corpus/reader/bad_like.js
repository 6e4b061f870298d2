window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "1",
      "fullText" : "hi",
      "expandedUrl" : "https://twitter.com/i/web/status/1"
    }
  }
]