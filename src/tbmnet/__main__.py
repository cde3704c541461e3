from tbmnet.cli import main

main()
